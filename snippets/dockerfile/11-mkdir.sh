mkdir mine
