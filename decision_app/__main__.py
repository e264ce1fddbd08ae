from decision_app.cli import main

raise SystemExit(main())
