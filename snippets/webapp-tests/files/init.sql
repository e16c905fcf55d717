CREATE TABLE notes (
    id serial PRIMARY KEY,
    text text NOT NULL
);
INSERT INTO notes (text) VALUES ('Welcome! This note comes from init.sql.');
