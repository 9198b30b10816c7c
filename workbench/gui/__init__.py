"""The desktop app: Qt widgets over the Qt-free core in workbench.core."""
