"""The rules of personal reception, free of any framework: dates and instants come in."""
