"""Identity in the app: who is signed in, the first-start and sign-in screens, single sign-on."""
