"""The app as `make run` serves it: the page script (`app.py`) inside Streamlit's own server,
with the page and its static bundles compressed by the app itself (`followup.web`; issue 26).
`streamlit run app.py` (Streamlit Community Cloud's main file) still works: there a proxy
compresses instead."""

import streamlit as st
from starlette.middleware import Middleware

from followup.web import Compressed

app = st.App("app.py", middleware=[Middleware(Compressed)])
