docker info --format '{{.DriverStatus}}'
