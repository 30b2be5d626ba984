"""followup — the Streamlit page. `streamlit run app.py` (or `make run`)."""

from followup.ui.main import run

run()
