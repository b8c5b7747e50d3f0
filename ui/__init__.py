"""Streamlit-side helpers shared by the pages: session state, resources, rendering."""
