from interview_voice.cli import main

raise SystemExit(main())
