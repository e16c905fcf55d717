echo '<h1>About this site</h1>' > html/about.html
