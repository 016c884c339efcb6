"""digest: turn a week's raw reading into a static site of weekly digests."""

__version__ = "0.1.0"
