"""The Streamlit page (the imperative shell around the pure core)."""
