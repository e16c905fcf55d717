docker exec web nginx -v
