sed -i.bak 's/ORDER BY id/ORDER BY id DESC/' app.py
