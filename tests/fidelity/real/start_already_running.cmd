docker start web
