"""Hand-over of a programme's selected candidates to the partner ministry: partners bound to a
programme, the seekers' consent to share in words they read, the exports, and their audit."""
