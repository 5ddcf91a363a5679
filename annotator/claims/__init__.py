"""Claims across articles: ranking where a claim appears, and an article's stance toward it."""
