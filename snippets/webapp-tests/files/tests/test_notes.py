def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_no_notes_yet(client):
    assert client.get("/").text == "0 notes\n"


def test_add_and_list(client):
    response = client.post("/notes", data={"text": "buy milk"})
    assert response.status_code == 201
    assert response.text == "added: buy milk\n"
    client.post("/notes", data={"text": "call Ann"})
    assert client.get("/").text == "2 notes\n1. buy milk\n2. call Ann\n"


def test_empty_note_is_refused(client):
    response = client.post("/notes", data={"text": "  "})
    assert response.status_code == 400
    assert client.get("/").text == "0 notes\n"
