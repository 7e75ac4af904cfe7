from dlnotes.numpy import hyperparameter_tuning as ht

try:
    ht.Param(0.0, 1.0, scale="log")  # log10(0) does not exist
except ValueError as err:
    print(f"ValueError: {err}")
