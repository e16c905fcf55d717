docker wait greeter
