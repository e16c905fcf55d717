docker wait once
