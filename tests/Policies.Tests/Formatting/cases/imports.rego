package   example.authz


import data.lib.z
import data.lib.a as alpha
import input.user

import data.b
import data.a
allow := true
