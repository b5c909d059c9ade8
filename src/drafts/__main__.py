from drafts.cli import main

main()
