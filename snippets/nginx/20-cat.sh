cat html/index.html
