docker port private
