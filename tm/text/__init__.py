"""Text: sentence segmentation, word and character counts (and normalisation, tokenizers)."""
