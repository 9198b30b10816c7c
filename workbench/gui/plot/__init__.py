"""The live loss plot beside the pages and its parts: series, curves, markers, view range, read-out, legend."""
