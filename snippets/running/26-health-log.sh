docker inspect --format '{{.State.Health.Status}}, {{.State.Health.FailingStreak}} failures in a row or more; the oldest result kept: {{(index .State.Health.Log 0).Output}}' web-9000
