docker nosuchcmd
