docker rm peek
