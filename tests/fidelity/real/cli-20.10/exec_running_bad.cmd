docker exec web nosuchcmd
