package example.authz

import data.lib.a as alpha
import data.lib.z
import input.user

import data.a
import data.b

allow := true
