"""The Inspect page's attention maps: the grid of every layer and head, one head large (heatmap or lines), the
maps they draw from one forward pass, and the colour scale they share."""
