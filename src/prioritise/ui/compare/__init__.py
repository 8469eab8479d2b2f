"""Parts of the Compare page that hold no widgets."""
