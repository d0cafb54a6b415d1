docker ps --nosuchflag
