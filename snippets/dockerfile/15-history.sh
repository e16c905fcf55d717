docker history greeter | head -n 8
