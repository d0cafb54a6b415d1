docker stop nosuch
