docker wait det
