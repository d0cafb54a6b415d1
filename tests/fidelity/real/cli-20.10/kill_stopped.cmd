docker kill web
