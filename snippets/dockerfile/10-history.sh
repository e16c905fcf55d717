docker history greeter | head -n 7
