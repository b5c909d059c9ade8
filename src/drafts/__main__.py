from drafts.cli import entry

entry()
