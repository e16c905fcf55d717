sed -i 's/Hello again!/Hello once more!/' app.py
