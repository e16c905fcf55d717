docker port web
