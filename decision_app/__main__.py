from decision_app.launcher import main_cli

raise SystemExit(main_cli())
