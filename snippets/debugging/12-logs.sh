docker logs greeter
