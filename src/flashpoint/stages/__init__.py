"""The pipeline's stages, in order: clean -> parse -> actors -> events ->
status -> dates -> places -> claims -> merge. Each module has one job."""
