docker update --restart unless-stopped always
