"""What every heatmap shares: token axes that label every token they show, and the table equivalent."""
