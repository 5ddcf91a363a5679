"""The Qt layer: item models, views and the window that assembles them."""
