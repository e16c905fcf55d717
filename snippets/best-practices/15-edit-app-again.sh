sed -i.bak 's/Hello again!/Hello once more!/' app.py && rm app.py.bak
