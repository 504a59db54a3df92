"""Users page (administrators): create accounts, change roles, disable, reset passwords."""
