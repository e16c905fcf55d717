import time

for number in range(1, 6):
    print(f"tick {number}")
    time.sleep(1)
