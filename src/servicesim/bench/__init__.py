"""The benchmark harness and its plain-Mesa reference (``servicesim bench``)."""
