docker restart greeter
